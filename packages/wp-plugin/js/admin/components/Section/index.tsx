import { Card, CardBody, CardHeader } from '@wordpress/components';
import type { ReactNode } from 'react';

interface SectionProps {
  title: string;
  children: ReactNode;
}

/** A titled card, the unit every screen of the app is made of. */
export function Section({ title, children }: SectionProps) {
  return (
    <Card className="wordsocket-section">
      <CardHeader>
        <h2>{title}</h2>
      </CardHeader>
      <CardBody>{children}</CardBody>
    </Card>
  );
}
