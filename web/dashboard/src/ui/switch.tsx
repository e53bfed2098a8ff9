/** A real on/off switch (ARIA `switch` role on a checkbox), named by `label`; `title`: why disabled. */
export function Switch({
  label,
  checked,
  disabled,
  title,
  onToggle,
}: {
  label: string;
  checked: boolean;
  disabled?: boolean;
  title?: string | undefined;
  onToggle: (checked: boolean) => void;
}) {
  return (
    <input
      type="checkbox"
      role="switch"
      class="switch"
      aria-label={label}
      checked={checked}
      aria-checked={checked}
      disabled={disabled}
      title={title}
      onChange={(event) => onToggle(event.currentTarget.checked)}
    />
  );
}
