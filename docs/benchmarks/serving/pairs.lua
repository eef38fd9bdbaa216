-- wrk script: rotates through many (user, product) pairs so every request reads another feature
-- store item instead of one hot key. PAIRS names a file of "userId productId" lines; MODE is
-- "probability" (GET .../products/{p}/reorder-probability), "basket" (GET .../next-basket) or
-- "similar" (GET /v1/products/{p}/similar, the pair's product), "orders" (GET .../orders) or "cart"
-- (POST .../cart-completion with a cart of up to 5 of the user's sampled products).
-- Each wrk thread starts at its own offset of the list.
local paths = {}
local bodies = {}
local method = "GET"
local index = 0
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_number", counter)
end

function init(args)
  local file = assert(io.open(os.getenv("PAIRS"), "r"), "PAIRS must name a readable pairs file")
  local mode = os.getenv("MODE") or "probability"
  local carts = {}
  local users = {}
  for line in file:lines() do
    local user, product = line:match("^(%d+)%s+(%d+)$")
    if user then
      if mode == "basket" then
        paths[#paths + 1] = "/v1/users/" .. user .. "/next-basket"
      elseif mode == "similar" then
        paths[#paths + 1] = "/v1/products/" .. product .. "/similar"
      elseif mode == "orders" then
        paths[#paths + 1] = "/v1/users/" .. user .. "/orders"
      elseif mode == "cart" then
        if not carts[user] then
          carts[user] = {}
          users[#users + 1] = user
        end
        if #carts[user] < 5 then
          table.insert(carts[user], product)
        end
      else
        paths[#paths + 1] = "/v1/users/" .. user .. "/products/" .. product .. "/reorder-probability"
      end
    end
  end
  file:close()
  if mode == "cart" then
    method = "POST"
    for _, user in ipairs(users) do
      paths[#paths + 1] = "/v1/users/" .. user .. "/cart-completion"
      bodies[#bodies + 1] = '{"cart": [' .. table.concat(carts[user], ",") .. ']}'
    end
  end
  assert(#paths > 0, "no pairs read")
  index = ((thread_number or 1) - 1) * math.floor(#paths / 7)
end

function request()
  index = index % #paths + 1
  if method == "POST" then
    return wrk.format("POST", paths[index], { ["Content-Type"] = "application/json" }, bodies[index])
  end
  return wrk.format("GET", paths[index])
end
