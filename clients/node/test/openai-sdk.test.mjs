// The router driven by the official `openai` npm package, as Open WebUI, agents and scripts drive it.
// Run by router-service's OpenAiSdkTest (./mvnw verify) against a router whose backend is the fake
// upstream; ROUTER_URL is the router's /v1 base URL, EXPECTED_ANSWER what the fake answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI, { NotFoundError } from 'openai';

const baseURL = process.env.ROUTER_URL;
const expected = process.env.EXPECTED_ANSWER;
assert.ok(baseURL, 'ROUTER_URL must be set');
assert.ok(expected, 'EXPECTED_ANSWER must be set');

const client = new OpenAI({ baseURL, apiKey: 'home-lab', maxRetries: 0, timeout: 20_000 });
const messages = [{ role: 'user', content: 'Tell me something.' }];

test('models.list() shows auto, the aliases and the backend models', async () => {
  const ids = [];
  for await (const model of client.models.list()) ids.push(model.id);
  assert.ok(ids.includes('auto'), `got ${ids}`);
  assert.ok(ids.includes('local'), `got ${ids}`);
  assert.ok(ids.includes('fake/fake-model'), `got ${ids}`);
});

test('a non-streaming chat returns the backend answer and says who served it', async () => {
  const { data, response } = await client.chat.completions
    .create({ model: 'auto', messages })
    .withResponse();
  assert.equal(data.object, 'chat.completion');
  assert.equal(data.choices[0].message.content, expected);
  assert.equal(data.choices[0].finish_reason, 'stop');
  assert.ok(data.usage.total_tokens > 0);
  assert.equal(response.headers.get('x-router-backend'), 'fake');
});

test('a streaming chat with include_usage joins to the answer and ends with usage', async () => {
  const stream = await client.chat.completions.create({
    model: 'fake/fake-model',
    messages,
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  let chunks = 0;
  let last;
  for await (const chunk of stream) {
    chunks += 1;
    text += chunk.choices[0]?.delta?.content ?? '';
    last = chunk;
  }
  assert.equal(text, expected);
  assert.ok(chunks > 2, `only ${chunks} chunks`);
  assert.deepEqual(last.choices, []);
  assert.ok(last.usage.completion_tokens > 0);
  assert.equal(last.usage.total_tokens, last.usage.prompt_tokens + last.usage.completion_tokens);
});

test('an unknown model raises the SDK NotFoundError', async () => {
  await assert.rejects(
    client.chat.completions.create({ model: 'no-such-model', messages }),
    (err) => {
      assert.ok(err instanceof NotFoundError, `got ${err?.constructor?.name}: ${err?.message}`);
      assert.equal(err.status, 404);
      assert.equal(err.code, 'model_not_found');
      return true;
    },
  );
});

test('a bad request raises BadRequestError naming the field', async () => {
  await assert.rejects(
    client.chat.completions.create({ model: 'auto', messages: [] }),
    (err) => {
      assert.equal(err.status, 400);
      assert.equal(err.param, 'messages');
      return true;
    },
  );
});
