import { cn } from "./cn";

interface EmptyStateProps extends Omit<React.ComponentProps<"div">, "title"> {
  icon?: React.ReactNode;
  title: string;
  action?: React.ReactNode;
}

export function EmptyState({ icon, title, children, action, className, ...props }: EmptyStateProps) {
  return (
    <div
      className={cn("flex flex-col items-center rounded-card border border-dashed border-zinc-300 bg-white px-6 py-12 text-center", className)}
      {...props}
    >
      {icon ? <div className="mb-3 flex size-10 items-center justify-center rounded-full bg-brand-50 text-brand-600 [&_svg]:size-5">{icon}</div> : null}
      <h3 className="text-sm font-semibold text-zinc-900">{title}</h3>
      {children ? <div className="mt-1 max-w-md text-sm text-zinc-500">{children}</div> : null}
      {action ? <div className="mt-4">{action}</div> : null}
    </div>
  );
}
