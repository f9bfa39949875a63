/** An on/off switch: a button with role="switch", named by its visible label. */
export interface SwitchProps {
  checked: boolean;
  label: string;
  /** Extra text for screen readers and the visual hint (e.g. a description id). */
  describedBy?: string;
  disabled?: boolean;
  onChange: (checked: boolean) => void;
}

export function Switch(props: SwitchProps) {
  return (
    <button
      type="button"
      role="switch"
      class="switch"
      aria-checked={props.checked}
      aria-describedby={props.describedBy}
      disabled={props.disabled}
      onClick={() => props.onChange(!props.checked)}
    >
      <span class="switch-track" aria-hidden="true">
        <span class="switch-thumb" />
      </span>
      <span class="switch-label">{props.label}</span>
    </button>
  );
}
