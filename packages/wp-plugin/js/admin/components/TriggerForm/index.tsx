import { Button, SelectControl, TextControl, ToggleControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { adminConfig, type TriggerRow } from '../../api';

interface TriggerFormProps {
  initial: TriggerRow;
  busy: boolean;
  onSave: (row: TriggerRow) => void;
  onCancel: () => void;
}

/** Reads "1, 3" as argument positions; anything that is not a number is dropped. */
function positions(text: string): number[] {
  return text
    .split(/[\s,]+/)
    .filter((part) => part !== '')
    .map(Number)
    .filter((value) => Number.isInteger(value));
}

/** One custom trigger row being written: what fires it, and where its event goes. */
export function TriggerForm({ initial, busy, onSave, onCancel }: TriggerFormProps) {
  const [row, setRow] = useState<TriggerRow>(initial);
  const [args, setArgs] = useState(initial.args.join(', '));
  const set = (patch: Partial<TriggerRow>) => setRow((current) => ({ ...current, ...patch }));

  const target =
    row.type === 'post_type' ? (
      <SelectControl
        __nextHasNoMarginBottom
        __next40pxDefaultSize
        label={__('Post type', 'wordsocket')}
        value={row.target}
        options={[
          { value: '', label: __('Choose a post type', 'wordsocket') },
          ...adminConfig.postTypes.map((type) => ({ value: type.name, label: type.label })),
        ]}
        onChange={(target) => set({ target })}
      />
    ) : (
      <TextControl
        __nextHasNoMarginBottom
        __next40pxDefaultSize
        label={
          row.type === 'option' ? __('Option name', 'wordsocket') : __('Hook name', 'wordsocket')
        }
        value={row.target}
        onChange={(target) => set({ target })}
      />
    );

  return (
    <form
      className="wordsocket-fields"
      onSubmit={(event) => {
        event.preventDefault();
        onSave({ ...row, args: positions(args) });
      }}
    >
      <SelectControl
        __nextHasNoMarginBottom
        __next40pxDefaultSize
        label={__('Fires when', 'wordsocket')}
        value={row.type}
        options={[
          { value: 'post_type', label: __('a post of a type is published', 'wordsocket') },
          { value: 'option', label: __('an option is updated', 'wordsocket') },
          { value: 'hook', label: __('an action hook runs', 'wordsocket') },
        ]}
        onChange={(type) => set({ type: type as TriggerRow['type'], target: '' })}
      />
      {target}
      {row.type === 'hook' ? (
        <>
          <TextControl
            __nextHasNoMarginBottom
            __next40pxDefaultSize
            label={__('Priority', 'wordsocket')}
            type="number"
            value={String(row.priority)}
            onChange={(priority) => set({ priority: Number.parseInt(priority, 10) || 0 })}
          />
          <TextControl
            __nextHasNoMarginBottom
            __next40pxDefaultSize
            label={__('Arguments sent as data', 'wordsocket')}
            help={__('Positions of the hook’s arguments, like 1, 2.', 'wordsocket')}
            value={args}
            onChange={setArgs}
          />
        </>
      ) : null}
      <TextControl
        __nextHasNoMarginBottom
        __next40pxDefaultSize
        label={__('Channel', 'wordsocket')}
        value={row.channel}
        onChange={(channel) => set({ channel })}
      />
      <TextControl
        __nextHasNoMarginBottom
        __next40pxDefaultSize
        label={__('Event', 'wordsocket')}
        value={row.event}
        onChange={(event) => set({ event })}
      />
      <TextControl
        __nextHasNoMarginBottom
        __next40pxDefaultSize
        label={__('Who may read', 'wordsocket')}
        help={__('“public”, or a capability such as manage_options.', 'wordsocket')}
        value={row.read}
        onChange={(read) => set({ read })}
      />
      <ToggleControl
        __nextHasNoMarginBottom
        label={__('Enabled', 'wordsocket')}
        checked={row.enabled}
        onChange={(enabled) => set({ enabled })}
      />
      <div className="wordsocket-row-actions">
        <Button variant="primary" type="submit" disabled={busy}>
          {__('Save trigger', 'wordsocket')}
        </Button>
        <Button variant="tertiary" onClick={onCancel} disabled={busy}>
          {__('Cancel', 'wordsocket')}
        </Button>
      </div>
    </form>
  );
}
