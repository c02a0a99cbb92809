kbsearch.shard("ф",{"флажок":[2,1,10,2]});
