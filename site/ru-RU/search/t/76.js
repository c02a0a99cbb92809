kbsearch.shard("v",{"valid":[5,6,12,5],"valu":[12,2],"ve":[2,1,8,1,1,1],"verifi":[12,1,2,1],"via":[6,2]});
