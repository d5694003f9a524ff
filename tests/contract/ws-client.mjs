// Drives Hitl's graphql-transport-ws endpoint with the reference graphql-ws client, the way an
// agent console and a chat widget do. Usage: HITL_URL=http://127.0.0.1:PORT HITL_OPERATOR_KEY=... node ws-client.mjs
// Prints one line per check and exits non-zero when any check fails.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const base = process.env.HITL_URL;
const operatorKey = process.env.HITL_OPERATOR_KEY;
if (!base || !operatorKey) {
  console.error('HITL_URL and HITL_OPERATOR_KEY are required');
  process.exit(2);
}

const wsUrl = base.replace(/^http/, 'ws') + '/graphql';
let failures = 0;
function check(name, ok, detail) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok ? '' : ' :: ' + JSON.stringify(detail)}`);
  if (!ok) failures++;
}

async function http(query, variables, token) {
  const response = await fetch(base + '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

function client(token) {
  return createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: token ? { authorization: `Bearer ${token}` } : undefined,
  });
}

/** Subscribes and collects events; `until(events)` resolves the wait. */
function watch(c, query, variables) {
  const events = [];
  let waiters = [];
  let error = null;
  let completed = false;
  const notify = () => { waiters = waiters.filter(w => !w()); };
  const dispose = c.subscribe({ query, variables }, {
    next: value => { events.push(value); notify(); },
    error: e => { error = e; notify(); },
    complete: () => { completed = true; notify(); },
  });
  return {
    events,
    dispose,
    get error() { return error; },
    get completed() { return completed; },
    until(predicate, what, ms = 15000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(events)} error ${JSON.stringify(error?.code ?? error)}`)), ms);
        const test = () => {
          if (predicate(events, error, completed)) { clearTimeout(timer); resolve(events); return true; }
          return false;
        };
        if (!test()) waiters.push(test);
      });
    },
  };
}

const tenant = 't' + Math.random().toString(16).slice(2, 14);
const created = await http(
  'mutation($i: CreateTenantInput!) { createTenant(input: $i) { apiKey } }',
  { i: { id: tenant, name: 'graphql-ws check', operatorKey } });
const apiKey = created.createTenant.apiKey;
const token = async (role, subject) => (await http(
  'mutation($i: CreateAccessTokenInput!) { createAccessToken(input: $i) { token } }',
  { i: { tenant, apiKey, role, subject } })).createAccessToken.token;
const manager = await token('MANAGER', 'mia');
const agent = await token('AGENT', 'ava');

// The agent's console: its queue and its assignments, live.
await http('mutation { setPresence(input: { presence: AWAY, capacity: 2, queues: ["support"] }) { id } }', {}, agent);
const console_ = client(agent);
const queue = watch(console_, 'subscription { queueChanged(queue: "support") { queue version kind waiting item { id kind assignedTo conversation { id } } } }');
const assignments = watch(console_, 'subscription { assignments { id kind assignedTo conversation { id status } } }');
await queue.until(e => e.some(x => x.data?.queueChanged?.kind === 'SNAPSHOT'), 'the queue snapshot');
check('queueChanged starts with the current state', queue.events[0].data.queueChanged.kind === 'SNAPSHOT', queue.events[0]);

// The customer's widget.
const started = await http(
  'mutation($i: StartConversationInput!) { startConversation(input: $i) { token conversation { id } } }',
  { i: { tenant, customerName: 'Casey' } });
const conversationId = started.startConversation.conversation.id;
const customer = started.startConversation.token;
const widgetClient = client(customer);
const widget = watch(widgetClient, 'subscription($id: ID!) { conversationChanged(id: $id) { conversationId version kind message { author text } conversation { status } } }', { id: conversationId });
await widget.until(e => e.length > 0, 'the conversation snapshot');
check('conversationChanged starts with the current state', widget.events[0].data.conversationChanged.kind === 'SNAPSHOT', widget.events[0]);

await http('mutation($id: ID!) { requestHuman(conversationId: $id) { status } }', { id: conversationId }, customer);
await queue.until(e => e.some(x => x.data?.queueChanged?.kind === 'ENQUEUED'), 'ENQUEUED');
const enqueued = queue.events.find(x => x.data.queueChanged.kind === 'ENQUEUED').data.queueChanged;
check('an escalation reaches the queue watcher', enqueued.item.conversation.id === conversationId && enqueued.waiting === 1, enqueued);
await widget.until(e => e.some(x => x.data?.conversationChanged?.kind === 'ESCALATED'), 'ESCALATED');
check('the widget hears of the escalation', true);

// The agent comes online: automatic assignment.
await http('mutation { setPresence(input: { presence: ONLINE }) { id } }', {}, agent);
await assignments.until(e => e.some(x => x.data?.assignments?.conversation?.id === conversationId), 'the assignment');
const assigned = assignments.events.find(x => x.data.assignments.conversation.id === conversationId).data.assignments;
check('the agent receives its assignment', assigned.assignedTo === 'ava' && assigned.kind === 'HANDOFF', assigned);
await queue.until(e => e.some(x => x.data?.queueChanged?.kind === 'ASSIGNED'), 'ASSIGNED');
// Each event is one version after the one before. The exception is the hub's catch-up: a renewal can read the
// queue's version while that change's notice is still on its way, and then watchers get a SNAPSHOT of that version
// followed by the change itself (with its item), at the same version.
const seen = queue.events.map(x => x.data.queueChanged);
check('queue versions grow by one', seen.every((e, i) => i === 0 || e.version === seen[i - 1].version + 1
  || (seen[i - 1].kind === 'SNAPSHOT' && e.kind !== 'SNAPSHOT' && e.version === seen[i - 1].version)), seen.map(e => `${e.kind}@${e.version}`));

await http('mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } } }',
  { i: { conversationId, text: 'Hi Casey, Ava here.', clientMessageId: 'a1' } }, agent);
await widget.until(e => e.some(x => x.data?.conversationChanged?.message?.author === 'AGENT'), 'the agent message');
check('the widget receives the agent message', true);

// A customer may not watch queues: the operation errors, the socket stays usable.
const forbidden = watch(widgetClient, 'subscription { queueChanged { version } }');
await forbidden.until((e, err) => e.length > 0 || err, 'the FORBIDDEN answer');
const code = forbidden.events[0]?.errors?.[0]?.extensions?.code ?? forbidden.error?.[0]?.extensions?.code;
check('a customer watching queues gets FORBIDDEN', code === 'FORBIDDEN', forbidden.events[0] ?? forbidden.error);

// Queries and mutations work over the socket too.
const once = watch(console_, 'query { me { id presence } }');
await once.until((e, err, done) => done || err, 'the query result');
check('a query over the socket answers once and completes', once.events[0]?.data?.me?.id === 'ava', once.events);

// A bad token: the server closes with 4403.
const bad = client('not-a-token');
const rejected = watch(bad, 'subscription { assignments { id } }');
await rejected.until((e, err) => err, 'the close');
check('a bad token closes the socket with 4403', rejected.error?.code === 4403, rejected.error?.code);

queue.dispose();
assignments.dispose();
widget.dispose();
await console_.dispose();
await widgetClient.dispose();
await bad.dispose();
console.log(failures === 0 ? 'graphql-ws: all checks passed' : `graphql-ws: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
