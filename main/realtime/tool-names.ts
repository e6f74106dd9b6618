/** Names of the function tools Parley declares to the V2 voice model. */
export const TOOL_NAMES = {
  /** Hand real work to the background agent; `{prompt}`. */
  backgroundAgent: 'background_agent',
  /** Say nothing this turn; `{}`. */
  remainSilent: 'remain_silent',
  /** Ask what the delegated tasks are doing; `{}`. */
  taskStatus: 'task_status',
  /** Cancel a delegated task; `{task_id?}`. */
  cancelTask: 'cancel_task',
} as const;
