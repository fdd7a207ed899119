import { Notice } from '@wordpress/components';

interface ErrorNoticeProps {
  /** What went wrong; nothing is shown while it is empty. */
  message: string;
}

/** The error of the last action on a screen, until the next one. */
export function ErrorNotice({ message }: ErrorNoticeProps) {
  if (!message) return null;

  return (
    <Notice status="error" isDismissible={false}>
      {message}
    </Notice>
  );
}
