-- wrk script: posts Teams message activities ("@Momentum momentum rocket") to /api/messages with the Bot Connector
-- token from TEAMS_TOKEN. Every activity has its own id, across runs too (no dedupe short-cut); conversations cycle through 4096 per
-- thread, so each stays inside Teams' per-conversation limits (60 posts in 30 s) at full load.
local counter = 0
local threads = 0

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  token = os.getenv("TEAMS_TOKEN")
  service_url = os.getenv("TEAMS_SERVICE_URL")
  tenant = os.getenv("TEAMS_TENANT")
  bot = "28:" .. os.getenv("TEAMS_APP_ID")
  run = os.time()
  headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }
end

function request()
  counter = counter + 1
  local id = string.format("bench-%d-%d-%d", run, tid, counter)
  local conversation = string.format("a:bench-%d-%d", tid, counter % 4096)
  local body = string.format(
    '{"type":"message","channelId":"msteams","id":"%s","serviceUrl":"%s","text":"<at>Momentum</at> momentum rocket",' ..
    '"from":{"id":"29:bench-user","aadObjectId":"b15a9416-0ad3-4172-9210-7beb711d3f70"},"recipient":{"id":"%s","name":"Momentum"},' ..
    '"conversation":{"id":"%s","conversationType":"personal","tenantId":"%s"},"channelData":{"tenant":{"id":"%s"}},' ..
    '"entities":[{"type":"mention","mentioned":{"id":"%s","name":"Momentum"},"text":"<at>Momentum</at>"}]}',
    id, service_url, bot, conversation, tenant, tenant, bot)
  return wrk.format("POST", "/api/messages", headers, body)
end

function done(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("requests %d, non-2xx %d, socket errors %d\n", summary.requests, non2xx,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
