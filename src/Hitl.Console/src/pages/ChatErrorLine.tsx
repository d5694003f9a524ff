import type { ReactNode } from 'react';
import type { ShownError } from './ChatLogic';

/** A server error next to the control that caused it: "<prefix>: CODE message". */
export function ChatErrorLine({
  prefix,
  error,
  children,
}: {
  prefix: string;
  error: ShownError;
  children?: ReactNode;
}) {
  return (
    <p role="alert" className="error">
      {prefix}: {error.code ? <code>{error.code}</code> : null} {error.message}
      {children ? <> {children}</> : null}
    </p>
  );
}
