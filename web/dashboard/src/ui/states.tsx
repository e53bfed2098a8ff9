import type { ComponentChildren } from 'preact';

import { ApiError } from '../api/client.js';
import type { Resource } from './use-resource.js';

export function Loading({ what }: { what: string }) {
  return (
    <p class="state" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="state empty">{children}</p>;
}

/** A refusal or failure, said plainly, with the next step when there is one. */
export function ErrorNotice({ error }: { error: Error }) {
  const advice = error instanceof ApiError ? error.advice : undefined;
  const status = error instanceof ApiError ? `${error.status}: ` : '';
  return (
    <div class="notice error" role="alert">
      <p>
        <strong>{status}</strong>
        {error.message}
      </p>
      {advice === undefined ? null : <p>{advice}</p>}
      {error instanceof ApiError && error.fieldErrors.length > 0 ? (
        <ul>
          {error.fieldErrors.map((field) => (
            <li key={field.field}>
              <code>{field.field}</code>: {field.messages.join('; ')}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Shows the loading and error states of `resource`, else `render(value)`. */
export function Loaded<T>({
  resource,
  what,
  children,
}: {
  resource: Resource<T>;
  what: string;
  children: (value: T) => ComponentChildren;
}) {
  switch (resource.state) {
    case 'loading':
      return <Loading what={what} />;
    case 'failed':
      return <ErrorNotice error={resource.error} />;
    case 'ready':
      return <>{children(resource.value)}</>;
  }
}
