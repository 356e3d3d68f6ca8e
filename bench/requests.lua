-- wrk script: every request comes from a table of pre-built ones, cycled in order, so each endpoint pays wrk's same
-- per-request Lua cost and the ratio between them is fair.
--   SIGNED_REQUESTS=FILE: lines "timestamp<TAB>signature<TAB>body", each a slash command signed by
--     bench/slack_helper.py sign-many (its own trigger_id, so its own signature: Momentum runs a signed request once
--     and answers a replay with an empty 200, as it should). POSTed to the URL's path like Slack does. Each wrk thread
--     takes every THREADS-th line; past the end a thread starts again, and those are replays (the script counts them
--     as errors).
--   otherwise: a GET of the URL.
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  requests = {}
  sent = 0
  local path = os.getenv("SIGNED_REQUESTS")
  if path == nil or path == "" then
    requests[1] = wrk.format("GET", nil, nil, nil)
    count = 0
    return
  end
  local every = tonumber(os.getenv("THREADS") or "1")
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json,*/*",
    ["User-Agent"] = "Slackbot 1.0 (+https://api.slack.com/robots)",
  }
  local n = 0
  for line in io.lines(path) do
    if n % every == id then
      local ts, sig, body = line:match("^([^\t]+)\t([^\t]+)\t(.*)$")
      headers["X-Slack-Request-Timestamp"] = ts
      headers["X-Slack-Signature"] = sig
      requests[#requests + 1] = wrk.format("POST", nil, headers, body)
    end
    n = n + 1
  end
  assert(#requests > 0, "no signed requests in " .. path)
  count = #requests
end

function request()
  sent = sent + 1
  return requests[(sent - 1) % #requests + 1]
end

function done(summary, latency, requests_)
  local replays = 0
  for _, thread in ipairs(threads) do
    local s, n = thread:get("sent"), thread:get("count")
    if s ~= nil and n ~= nil and n > 0 and s > n then replays = replays + (s - n) end
  end
  io.write(string.format("Replayed requests: %d\n", replays))
end
