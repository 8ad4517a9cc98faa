// Drives the third-party npm client `stratum-client` against an Otedama stratum port:
// subscribe, authorize, difficulty, work, and one submit answered. Prints one JSON line per event
// and a final {"done":true,...}; exits 1 if the steps do not complete within the time limit.
// Usage: node stratum_client_check.js PORT WORKER
'use strict';
const client = require('stratum-client');

const [port, worker] = process.argv.slice(2);
const seen = {};
const log = (event, data) => {
  seen[event] = true;
  console.log(JSON.stringify({ event, data }));
};
let submitted = false;
let stratum;

const finish = (code) => {
  console.log(JSON.stringify({ done: code === 0, seen }));
  process.exit(code);
};
setTimeout(() => finish(1), 20000);

stratum = client({
  server: '127.0.0.1',
  port: Number(port),
  worker,
  password: 'x',
  autoReconnectOnError: false,
  onError: (error) => log('error', error.message),
  onSubscribe: (data) => log('subscribe', data),
  onAuthorizeSuccess: () => log('authorize', true),
  onAuthorizeFail: (error) => log('authorizeFail', error),
  onNewDifficulty: (difficulty) => log('difficulty', difficulty),
  onNewMiningWork: (work) => {
    log('work', { jobId: work.jobId, extraNonce2Size: work.extraNonce2Size });
    if (submitted) return;
    submitted = true;
    // A share that is almost surely too weak: the answer must say why.
    stratum.submit({
      worker_name: worker,
      job_id: work.jobId,
      extranonce2: '00'.repeat(work.extraNonce2Size),
      ntime: work.ntime,
      nonce: '00000000',
    });
  },
  onSubmitWorkSuccess: (error, result) => {
    log('submitAnswer', { accepted: true, result });
    finish(0);
  },
  onSubmitWorkFail: (error, result) => {
    log('submitAnswer', { accepted: false, error });
    finish(0);
  },
});
