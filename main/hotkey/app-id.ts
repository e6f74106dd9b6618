/**
 * Parley's application id: the desktop portal knows the app by it (`Registry.Register`), and
 * it names the `.desktop` file (`build/dev.parley.Parley.desktop`) that packaging installs.
 */
export const PARLEY_APP_ID = 'dev.parley.Parley';
