export * from './validate';
export * from './market-making';
export * from './arbitrage';
export * from './tender';
export * from './close-out';
