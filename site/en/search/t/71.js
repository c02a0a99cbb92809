kbsearch.shard("q",{"queri":[0,13,7,10],"queu":[5,1,1,6,12,2],"quota":[2,1,10,2]});
