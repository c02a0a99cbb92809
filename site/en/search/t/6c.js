kbsearch.shard("l",{"like":[2,3,9,2],"list":[2,1,10,2],"longer":[2,1,3,3,7,2,5,2],"low":[4,3,11,2]});
