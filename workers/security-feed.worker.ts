// Thread entry of one security's feed worker (started by the coordinator through startFeedWorker).
import { runFeedWorker } from '@ritc/market-data';

runFeedWorker();
