kbsearch.shard("ж",{"же":[2,1,10,2]});
