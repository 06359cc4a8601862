-- wrk script: GET token URL paths (/<word>/<token id>/<page>) read from a file, one a line, each thread going round
-- the list from its own starting point, so the hits rotate over several tokens.
-- Usage: BENCH_PATHS=paths.txt wrk ... -s bench/hit.lua URL   (or the file as the first script argument after --)
local counter = 0
local paths = {}
local next_index = 1

function setup(thread)
    counter = counter + 1
    thread:set("seed", counter)
end

function init(args)
    local name = args[1] or os.getenv("BENCH_PATHS")
    local file = assert(io.open(name or "", "r"), "cannot open paths file " .. tostring(name))
    for path in file:lines() do
        if #path > 0 then paths[#paths + 1] = path end
    end
    file:close()
    assert(#paths > 0, "no paths in " .. name)
    next_index = ((seed or 1) - 1) % #paths + 1
end

function request()
    local path = paths[next_index]
    next_index = next_index % #paths + 1
    return wrk.format("GET", path)
end
