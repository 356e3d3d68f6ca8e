-- wrk script: replays one pre-signed Slack slash command (POST /slack/commands).
-- bench/slack-load.sh signs it right before each run and passes it in SLACK_TS, SLACK_SIG and SLACK_BODY
-- (Slack's v0 signature is valid for 5 minutes, so one signed request can be replayed for a whole run).
wrk.method = "POST"
wrk.body = assert(os.getenv("SLACK_BODY"), "SLACK_BODY is not set")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json,*/*"
wrk.headers["User-Agent"] = "Slackbot 1.0 (+https://api.slack.com/robots)"
wrk.headers["X-Slack-Request-Timestamp"] = assert(os.getenv("SLACK_TS"), "SLACK_TS is not set")
wrk.headers["X-Slack-Signature"] = assert(os.getenv("SLACK_SIG"), "SLACK_SIG is not set")
