-- Every request carries a new tracking argument, as links shared from apps do (?ttclid=…).
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", wrk.path .. "&ttclid=" .. counter .. "x" .. math.random(1, 1000000000))
end
