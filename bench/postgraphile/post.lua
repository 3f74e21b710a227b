-- POSTs one GraphQL document per request. QUERY and VARS come from the environment;
-- VARS may hold {{ID}}, replaced per request by a random id in 1..MAX_ID (a point read).
local query = os.getenv("QUERY")
local vars = os.getenv("VARS") or "{}"
local max_id = tonumber(os.getenv("MAX_ID") or "1")
local prefix = os.getenv("ID_PREFIX") or ""
local token = os.getenv("TOKEN")

local b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
local function base64url(s)
  return ((s:gsub(".", function(x)
    local r, b = "", x:byte()
    for i = 8, 1, -1 do r = r .. (b % 2 ^ i - b % 2 ^ (i - 1) > 0 and "1" or "0") end
    return r
  end) .. "0000"):gsub("%d%d%d?%d?%d?%d?", function(x)
    if #x < 6 then return "" end
    local c = 0
    for i = 1, 6 do c = c + (x:sub(i, i) == "1" and 2 ^ (6 - i) or 0) end
    return b64:sub(c + 1, c + 1)
  end))
end

local function escape(s) return (s:gsub("\\", "\\\\"):gsub('"', '\\"')) end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if token and #token > 0 then wrk.headers["Authorization"] = "Bearer " .. token end

request = function()
  local v = vars
  if v:find("{{ID}}", 1, true) then
    local id = tostring(math.random(1, max_id))
    local value = prefix == "" and id or base64url(prefix .. id)
    v = v:gsub("{{ID}}", value)
  end
  local body = '{"query":"' .. escape(query) .. '","variables":' .. v .. '}'
  return wrk.format(nil, nil, nil, body)
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT req/s=%.0f p50_ms=%.1f p99_ms=%.1f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.errors.status + summary.errors.connect
      + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
