-- wrk script: GET /api/v1/canarytoken/fetch of an id picked at random from a list file, one id per line.
-- Usage: BENCH_IDS=ids.txt wrk ... -s bench/fetch-ids.lua URL   (or the file as the first script argument after --)
local key = os.getenv("CANARY_MOCK_KEY") or "canary-mock-auth-token"
local counter = 0
local paths = {}

function setup(thread)
    counter = counter + 1
    thread:set("seed", counter)
end

function init(args)
    local name = args[1] or os.getenv("BENCH_IDS")
    local file = assert(io.open(name or "", "r"), "cannot open ids file " .. tostring(name))
    for id in file:lines() do
        if #id > 0 then
            paths[#paths + 1] = "/api/v1/canarytoken/fetch?auth_token=" .. key .. "&canarytoken=" .. id
        end
    end
    file:close()
    assert(#paths > 0, "no ids in " .. name)
    math.randomseed(os.time() * 1000 + (seed or 0))
end

function request()
    return wrk.format("GET", paths[math.random(#paths)])
end
