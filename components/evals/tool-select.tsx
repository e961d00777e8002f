import { Select } from "@/components/ui/select";

/** The agent's tools; a name the agent does not have (an imported case) stays selectable, marked. */
export function ToolSelect({ names, value, onChange, ...props }: Omit<React.ComponentProps<"select">, "onChange" | "value"> & { names: string[]; value: string; onChange: (value: string) => void }) {
  return (
    <Select {...props} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">Choose a tool</option>
      {value && !names.includes(value) ? <option value={value}>{value} (not a tool of this agent)</option> : null}
      {names.map((n) => (
        <option key={n} value={n}>
          {n}
        </option>
      ))}
    </Select>
  );
}
