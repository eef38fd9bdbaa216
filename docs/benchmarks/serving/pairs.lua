-- wrk script: rotates through many (user, product) pairs so every request reads another feature
-- store item instead of one hot key. PAIRS names a file of "userId productId" lines; MODE is
-- "probability" (GET .../products/{p}/reorder-probability), "basket" (GET .../next-basket) or
-- "similar" (GET /v1/products/{p}/similar, the pair's product).
-- Each wrk thread starts at its own offset of the list.
local paths = {}
local index = 0
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_number", counter)
end

function init(args)
  local file = assert(io.open(os.getenv("PAIRS"), "r"), "PAIRS must name a readable pairs file")
  local mode = os.getenv("MODE") or "probability"
  for line in file:lines() do
    local user, product = line:match("^(%d+)%s+(%d+)$")
    if user then
      if mode == "basket" then
        paths[#paths + 1] = "/v1/users/" .. user .. "/next-basket"
      elseif mode == "similar" then
        paths[#paths + 1] = "/v1/products/" .. product .. "/similar"
      else
        paths[#paths + 1] = "/v1/users/" .. user .. "/products/" .. product .. "/reorder-probability"
      end
    end
  end
  file:close()
  assert(#paths > 0, "no pairs read")
  index = ((thread_number or 1) - 1) * math.floor(#paths / 7)
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end
