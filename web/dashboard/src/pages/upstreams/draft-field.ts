import type { Draft, TextField } from './upstream-draft.js';

/** A draft and its setter, as the shared pieces of the add and edit forms take them. */
export interface DraftState {
  readonly draft: Draft;
  readonly setDraft: (draft: Draft) => void;
}

/** The props of the input or text area of `key`: its id (`upstream-<key>`), value and updates. */
export function fieldOf({ draft, setDraft }: DraftState, key: TextField) {
  return {
    id: `upstream-${key}`,
    value: draft[key],
    onInput: (event: { currentTarget: { value: string } }) =>
      setDraft({ ...draft, [key]: event.currentTarget.value }),
  };
}
