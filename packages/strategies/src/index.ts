export * from './intents';
export * from './context';
