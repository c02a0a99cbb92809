kbsearch.shard("j",{"jag":[8,8,2,8,2,8,2,8,2,8,2,8]});
