-- wrk script: POST /api/v1/canarytoken/create with a url-encoded body (kind=dns).
-- The key comes from CANARY_MOCK_KEY when set, else the built-in default.
local key = os.getenv("CANARY_MOCK_KEY") or "canary-mock-auth-token"
wrk.method = "POST"
wrk.path = "/api/v1/canarytoken/create"
wrk.body = "auth_token=" .. key .. "&memo=bench%20token&kind=dns"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
