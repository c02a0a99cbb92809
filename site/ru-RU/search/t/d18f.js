kbsearch.shard("я",{"ящик":[2,1,10,2]});
