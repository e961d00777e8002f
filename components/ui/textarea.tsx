import { cn } from "./cn";
import { fieldClass } from "./input";

export function Textarea({ className, rows = 3, ...props }: React.ComponentProps<"textarea">) {
  return <textarea rows={rows} className={cn(fieldClass, "py-2", className)} {...props} />;
}
