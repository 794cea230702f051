export * from './validate';
export * from './market-making';
export * from './arbitrage';
export * from './tender';
export * from './close-out';
export * from './stat-arb';
