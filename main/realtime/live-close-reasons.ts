/** The reasons a Live session can end with, in plain words for the status bar and the log. */
const PLAIN_WORDS: Readonly<Record<string, string>> = {
  close_requested: 'The Live session was closed as asked.',
  expired: 'The Live session reached its time limit; a new one is starting.',
  content: 'The Live server ended the session over its content policy.',
  remote_hangup: 'The other side hung up the Live session.',
  connection_lost: 'The Live server lost the connection.',
};

/** What a `session.closed` reason means, for people; an unknown reason is quoted. */
export function describeLiveClose(reason: string): string {
  return (
    PLAIN_WORDS[reason] ??
    `The Live server ended the session (reason ${JSON.stringify(reason.slice(0, 60))}).`
  );
}
