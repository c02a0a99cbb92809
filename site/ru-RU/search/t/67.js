kbsearch.shard("g",{"generat":[6,1],"go":[12,1]});
