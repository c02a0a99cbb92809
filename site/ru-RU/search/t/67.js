kbsearch.shard("g",{"go":[12,1]});
