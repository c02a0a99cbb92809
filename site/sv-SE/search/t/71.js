kbsearch.shard("q",{"queri":[0,5,7,4],"queu":[6,3,12,1],"quota":[12,1]});
