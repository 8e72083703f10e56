-- bench/points.lua - wrk script: GET /risk/point at each of the points in
-- the file named by HR_POINTS ("lon lat" per line), in turn, so that the
-- answers come from many areas rather than one.
local points = {}
local n = 0
local file = os.getenv("HR_POINTS")

for line in io.lines(file) do
	local lon, lat = line:match("^(%S+)%s+(%S+)$")
	if lon then
		n = n + 1
		points[n] = "/risk/point?lon=" .. lon .. "&lat=" .. lat
	end
end
if n == 0 then
	error("bench/points.lua: no points in " .. tostring(file))
end

local i = 0
request = function()
	i = i % n + 1
	return wrk.format("GET", points[i])
end
