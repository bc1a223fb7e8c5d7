/**
 * The end-to-end tests' fake Slack Web API is the sandbox's Slack emulator (one implementation,
 * not two): see src/sandbox/slack-emulator.ts. The names below are the ones the tests grew up with.
 */
export {
  APP_ID as FAKE_APP_ID,
  BOT_ID as FAKE_BOT_ID,
  BOT_USER_ID as FAKE_BOT_USER_ID,
  type CallPredicate,
  DEFAULT_WORKSPACE_URL as FAKE_WORKSPACE_URL,
  type EphemeralMessage,
  type FailureSpec,
  type MessageRevision,
  type RecordedCall,
  type SeedMessage,
  SlackEmulator as FakeSlack,
  type SlackEmulatorOptions as FakeSlackOptions,
  type StoredMessage,
  startSlackEmulator as startFakeSlack,
  type UserProfile as FakeUserProfile,
} from '../../src/sandbox/emulator/slack-emulator.ts';
