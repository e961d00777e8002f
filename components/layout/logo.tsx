import Link from "next/link";

export function Logo({ href = "/" }: { href?: string }) {
  return (
    <Link href={href} className="flex items-center gap-2 font-semibold tracking-tight text-zinc-900">
      <span aria-hidden className="flex size-7 items-center justify-center rounded-md bg-brand-600 text-sm font-bold text-white">
        S
      </span>
      Switchback
    </Link>
  );
}
