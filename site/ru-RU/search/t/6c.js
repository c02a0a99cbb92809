kbsearch.shard("l",{"like":[2,1,9,1],"list":[12,1],"longer":[5,1,7,1,5,1],"low":[4,1,11,1]});
