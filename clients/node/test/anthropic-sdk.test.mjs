// The router's POST /v1/messages driven by the official `@anthropic-ai/sdk` npm package, as a client
// built for Claude would use it against local models. Run by router-service's AnthropicSdkTest
// (./mvnw verify); ROUTER_BASE is the router's base URL (no /v1), EXPECTED_ANSWER what the fake answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic, { BadRequestError } from '@anthropic-ai/sdk';

const baseURL = process.env.ROUTER_BASE;
const expected = process.env.EXPECTED_ANSWER;
assert.ok(baseURL, 'ROUTER_BASE must be set');
assert.ok(expected, 'EXPECTED_ANSWER must be set');

const client = new Anthropic({ baseURL, apiKey: 'home-lab', maxRetries: 0, timeout: 20_000 });
const request = {
  model: 'auto',
  max_tokens: 256,
  system: 'Be brief.',
  messages: [{ role: 'user', content: 'Tell me something.' }],
};

test('messages.create() answers a message in the Messages API shape', async () => {
  const { data, response } = await client.messages.create(request).withResponse();
  assert.equal(data.type, 'message');
  assert.equal(data.role, 'assistant');
  assert.match(data.id, /^msg_/);
  assert.equal(data.content[0].type, 'text');
  assert.equal(data.content[0].text, expected);
  assert.equal(data.stop_reason, 'end_turn');
  assert.ok(data.usage.input_tokens > 0 && data.usage.output_tokens > 0);
  assert.equal(response.headers.get('x-router-backend'), 'fake');
});

test('a stream delivers the text as content_block_delta events and ends with message_stop', async () => {
  const stream = client.messages.stream(request);
  const types = [];
  let text = '';
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
  }
  const message = await stream.finalMessage();
  assert.equal(text, expected);
  assert.equal(message.content[0].text, expected);
  assert.equal(types[0], 'message_start');
  assert.equal(types.at(-1), 'message_stop');
  assert.ok(types.includes('message_delta'));
});

test('a request without max_tokens is a BadRequestError with Anthropic\'s error body', async () => {
  await assert.rejects(
    client.messages.create({ model: 'auto', messages: request.messages }),
    (error) => {
      assert.ok(error instanceof BadRequestError, `got ${error}`);
      assert.equal(error.status, 400);
      assert.equal(error.error?.type, 'error');
      assert.equal(error.error?.error?.type, 'invalid_request_error');
      assert.match(error.error?.error?.message, /max_tokens/);
      return true;
    },
  );
});
