export * from './intents';
