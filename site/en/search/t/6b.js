kbsearch.shard("k",{"known":[6,4]});
