kbsearch.shard("g",{"generat":[6,2],"go":[2,1,10,2]});
