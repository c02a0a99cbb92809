kbsearch.shard("k",{"known":[6,2]});
