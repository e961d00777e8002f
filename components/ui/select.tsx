import { cn } from "./cn";
import { fieldClass } from "./input";

/** A styled native select: accessible, keyboard-friendly and easy to drive in tests. */
export function Select({ className, ...props }: React.ComponentProps<"select">) {
  return <select className={cn(fieldClass, "h-9 pr-8", className)} {...props} />;
}
