kbsearch.shard("q",{"queri":[0,5,7,4],"queu":[18,1],"quota":[12,1]});
