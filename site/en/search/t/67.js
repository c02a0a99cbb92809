kbsearch.shard("g",{"go":[2,1,10,2]});
