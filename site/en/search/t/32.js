kbsearch.shard("2",{"25":[2,1,10,2]});
