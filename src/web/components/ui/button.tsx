import { clsx } from "clsx";
import type { ButtonHTMLAttributes } from "react";

type Variant = "primary" | "secondary" | "ghost" | "danger";
type Size = "sm" | "md";

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant;
  size?: Size;
}

/** The classes of a button (or a link that looks like one); the styles are in globals.css. */
export function buttonClasses({ variant = "primary", size = "md" }: ButtonProps = {}) {
  return `btn btn-${variant} btn-${size}`;
}

export function Button({ variant, size, className, type = "button", ...props }: ButtonProps) {
  return (
    <button type={type} className={clsx(buttonClasses({ variant, size }), className)} {...props} />
  );
}
