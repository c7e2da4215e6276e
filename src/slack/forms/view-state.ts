/** One input's state in a submitted modal (`view.state.values[block][action]`), as far as our forms read it. */
export type StateValue = {
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_conversation?: string | null;
  selected_channel?: string | null;
};

/** A submitted modal's `view.state.values`. */
export type ViewStateValues = Record<string, Record<string, StateValue>>;
