-- wrk script: POST /_mock/trigger with canarytoken=<id>&src_ip=10.x.y.z, the id picked at random from a file (one a
-- line) and the source at random among SOURCES addresses (env BENCH_SOURCES, default 1024), so over a run some hits
-- open an incident (a new token and source pair) and the rest join one (a pair seen within the window).
-- Usage: BENCH_IDS=ids.txt wrk ... -s bench/trigger.lua URL
local counter = 0
local ids = {}
local sources = tonumber(os.getenv("BENCH_SOURCES") or "") or 1024

function setup(thread)
    counter = counter + 1
    thread:set("seed", counter)
end

function init(args)
    local name = args[1] or os.getenv("BENCH_IDS")
    local file = assert(io.open(name or "", "r"), "cannot open ids file " .. tostring(name))
    for id in file:lines() do
        if #id > 0 then ids[#ids + 1] = id end
    end
    file:close()
    assert(#ids > 0, "no ids in " .. name)
    math.randomseed(os.time() * 1000 + (seed or 0))
    wrk.method = "POST"
    wrk.path = "/_mock/trigger"
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
    local n = math.random(0, sources - 1)
    local body = "canarytoken=" .. ids[math.random(#ids)] .. "&src_ip=10." .. math.floor(n / 65024) % 256 .. "."
        .. math.floor(n / 254) % 256 .. "." .. n % 254 + 1
    return wrk.format(nil, nil, nil, body)
end
